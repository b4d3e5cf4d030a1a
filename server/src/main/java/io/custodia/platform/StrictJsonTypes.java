package io.custodia.platform;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * A text field of a body takes only a JSON string: Jackson would turn {@code 5}, {@code 1.5} or
 * {@code true} into text, where a client meant some other field or type. The other directions
 * ({@code "5"} as a number, {@code 1.5} as an integer, {@code "true"} as a boolean) are refused by
 * the mapper features in {@code application.yml}; both answer 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonTypes {
    @Bean
    JsonMapperBuilderCustomizer textOnlyFromStrings() {
        return builder -> builder.withCoercionConfig(
                LogicalType.Textual,
                config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
