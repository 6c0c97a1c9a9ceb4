package io.tenfold.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI tenfoldOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Tenfold")
                .version("v1")
                .description("Upload labelled image sets, fine-tune pretrained convolutional networks on them, "
                        + "and classify images with test-time augmentation (averaging over crops).")
                .license(new License().name("Apache-2.0")));
    }
}
