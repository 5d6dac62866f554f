package dev.ssekit.subjects.springwebflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The tutorial's server as a Spring WebFlux user writes it: {@code java -jar}, port 3000 (application.properties). */
@SpringBootApplication
public class TutorialApplication {

    public static void main(String[] args) {
        SpringApplication.run(TutorialApplication.class, args);
    }
}
