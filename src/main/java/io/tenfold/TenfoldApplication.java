package io.tenfold;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TenfoldApplication {

    public static void main(String[] args) {
        SpringApplication.run(TenfoldApplication.class, args);
    }
}
