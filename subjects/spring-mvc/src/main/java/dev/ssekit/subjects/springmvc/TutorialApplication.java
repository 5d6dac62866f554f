package dev.ssekit.subjects.springmvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The tutorial's server as a Spring MVC user writes it: {@code java -jar}, port 3000 (application.properties). */
@SpringBootApplication
public class TutorialApplication {

    public static void main(String[] args) {
        SpringApplication.run(TutorialApplication.class, args);
    }

    /** Sends the pieces; the context shuts it down on close. */
    @Bean
    ThreadPoolTaskScheduler sseScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("sse-emitter-");
        return scheduler;
    }
}
