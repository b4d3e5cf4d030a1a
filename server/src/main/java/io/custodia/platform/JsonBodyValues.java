package io.custodia.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one check of every JSON body's values, whatever the endpoint and whatever type the body is
 * read into: every string and property name must pass {@link ValueRules#ofText}, every number
 * {@link ValueRules#ofNumber} (and {@code NaN} or {@code Infinity}, which JSON does not have, are
 * named rather than called malformed). A body that breaks them is refused with 422 naming each
 * offending path ({@code fields.region}, {@code contactIds[0]}, {@code $} for the body itself)
 * before any controller sees it. A body that is not JSON at all is left to the converter, which
 * answers 400 as before.
 */
@ControllerAdvice
public class JsonBodyValues extends RequestBodyAdviceAdapter {
    /** Enough errors to fix a body with; a body of a million bad values gets no longer answer. */
    private static final int MAX_ERRORS = 20;

    private static final JsonMapper SCANNER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return JacksonJsonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        byte[] body = input.getBody().readAllBytes();
        List<ApiProblem.FieldError> errors = problems(body, charsetOf(input.getHeaders()));
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** The problems with the body's values, or none (also when it is not JSON: the converter says so). */
    public static List<ApiProblem.FieldError> problems(byte[] body, Charset charset) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (body.length == 0) {
            return errors;
        }
        try (JsonParser parser = charset == null
                ? SCANNER.createParser(body)
                : SCANNER.createParser(new InputStreamReader(new ByteArrayInputStream(body), charset))) {
            for (JsonToken token = parser.nextToken();
                    token != null && errors.size() < MAX_ERRORS;
                    token = parser.nextToken()) {
                Optional<ProblemText> problem = switch (token) {
                    case PROPERTY_NAME ->
                        ValueRules.ofText(parser.currentName()).map(p -> ProblemText.of("a property name {0}", p));
                    case VALUE_STRING -> ValueRules.ofText(parser.getString());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser);
                    default -> Optional.empty();
                };
                if (problem.isPresent()) {
                    errors.add(new ApiProblem.FieldError(
                            path(parser.streamReadContext(), token != JsonToken.PROPERTY_NAME), problem.get()));
                }
            }
        } catch (JacksonException malformed) {
            // Not JSON (or not in the declared charset): the converter refuses it with 400 as it always has.
            return List.of();
        }
        return errors;
    }

    private static Optional<ProblemText> number(JsonParser parser) {
        if (parser.isNaN()) {
            return Optional.of(ProblemText.of("{0} (NaN and Infinity are not numbers)", ValueRules.NUMBER_RANGE));
        }
        BigDecimal value;
        try {
            value = parser.getDecimalValue();
        } catch (JacksonException | NumberFormatException | ArithmeticException e) {
            return Optional.of(ValueRules.NUMBER_RANGE); // an exponent beyond what even BigDecimal holds
        }
        return ValueRules.ofNumber(value);
    }

    /** Where the parser is, as a field path: {@code fields.region}, {@code contactIds[0]}, {@code $}. */
    private static String path(TokenStreamContext context, boolean withName) {
        Deque<String> parts = new ArrayDeque<>();
        boolean innermost = true;
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.currentName() != null && (withName || !innermost)) {
                parts.push("." + c.currentName());
            }
            innermost = false;
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "$" : path.startsWith(".") ? path.substring(1) : path;
    }

    /** The declared charset, when it is not one JSON's own detection reads (UTF-8, -16, -32). */
    private static Charset charsetOf(HttpHeaders headers) {
        MediaType type = headers.getContentType();
        Charset charset = type == null ? null : type.getCharset();
        return charset == null || charset.name().startsWith("UTF-") || charset.equals(StandardCharsets.US_ASCII)
                ? null
                : charset;
    }
}
