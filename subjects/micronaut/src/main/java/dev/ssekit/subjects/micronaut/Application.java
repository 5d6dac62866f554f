package dev.ssekit.subjects.micronaut;

import io.micronaut.runtime.Micronaut;

/** Runs the server on the port of {@code application.properties} (3000), as {@code Micronaut.run} does in any app. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
