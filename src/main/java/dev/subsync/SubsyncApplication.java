package dev.subsync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring Boot runtime of subsync; the pipeline itself is the YAML in {@code routes/}. */
@SpringBootApplication
public class SubsyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(SubsyncApplication.class, args);
    }
}
