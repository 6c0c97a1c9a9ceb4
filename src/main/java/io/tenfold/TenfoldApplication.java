package io.tenfold;

import io.tenfold.system.NativeBackend;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TenfoldApplication {

    public static void main(String[] args) {
        NativeBackend.configure();
        SpringApplication.run(TenfoldApplication.class, args);
    }
}
