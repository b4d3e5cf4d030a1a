package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * A mapping found by an expanded path ({@link DirectPathMappings}) is the one the full search of every
 * mapping would choose: for each path an expansion indexes and each method its mapping answers, the
 * best of all matching mappings in Spring's order is one indexed under that path.
 */
class DirectPathMappingsTest extends ApiTest {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void expandsOnlyVariablesThatAreAChoiceOfLiterals() {
        assertThat(DirectPathMappings.expanded("/api/v1/{type:contacts|deals}/export"))
                .containsExactly("/api/v1/contacts/export", "/api/v1/deals/export");
        assertThat(DirectPathMappings.expanded("/{a:x|y}/{b:p|q}")).containsExactly("/x/p", "/x/q", "/y/p", "/y/q");
        assertThat(DirectPathMappings.expanded("/api/v1/{type:contacts|deals}/{id}"))
                .isEmpty();
        assertThat(DirectPathMappings.expanded("/api/v1/{id:[0-9a-f-]+}")).isEmpty();
        assertThat(DirectPathMappings.expanded("/api/v1/{type:deals}/**")).isEmpty();
        assertThat(DirectPathMappings.expanded("/api/v1/me")).isEmpty();
    }

    @Test
    void aMappingThatMatchesAPathIsNeverSkippedByItsBeginning() {
        Set<RequestMappingInfo> all = mappings.getHandlerMethods().keySet();
        Set<String> paths = new LinkedHashSet<>();
        for (RequestMappingInfo info : all) {
            for (String pattern : info.getPatternValues()) {
                for (String filled : filled(pattern)) {
                    paths.add(filled);
                    paths.add(filled + "/");
                    paths.add(filled.replace("/", ";a=b/") + ";c=d");
                    paths.add(encoded(filled));
                    paths.add(filled.toUpperCase(Locale.ROOT));
                    paths.add("/x" + filled);
                }
            }
        }
        long skipped = 0;
        long matched = 0;
        for (String path : paths) {
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                MockHttpServletRequest request = new MockHttpServletRequest(method, path);
                request.addHeader("Accept", "*/*");
                ServletRequestPathUtils.parseAndCache(request);
                for (RequestMappingInfo info : all) {
                    boolean may = DirectPathMappings.mayMatch(info, request);
                    if (info.getMatchingCondition(request) != null) {
                        matched++;
                        assertThat(may).as("%s %s by %s", method, path, info).isTrue();
                    } else if (!may) {
                        skipped++;
                    }
                }
            }
        }
        assertThat(matched).isPositive();
        // Most mappings are set aside by a string comparison (the point of it).
        assertThat(skipped).isGreaterThan(paths.size() * 5L * all.size() / 2);
    }

    /** A pattern with its variables and wildcards filled in a few ways. */
    private static List<String> filled(String pattern) {
        List<String> out = new ArrayList<>();
        for (String value : List.of("0b6d1c1e-3f5a-4c2e-9d0b-7a1e2f3c4d5e", "x")) {
            Matcher variable = Pattern.compile("\\{([^}:]+)(?::([^}]*))?}").matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (variable.find()) {
                String choices = variable.group(2);
                String chosen = choices != null && choices.matches("[A-Za-z0-9_|-]+") ? choices.split("\\|")[0] : value;
                variable.appendReplacement(path, Matcher.quoteReplacement(chosen));
            }
            variable.appendTail(path);
            out.add(path.toString().replace("**", "a/b").replace("*", "a"));
        }
        return out;
    }

    /** The path with its first lower-case letter as a percent escape, as a client may send it. */
    private static String encoded(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return path.substring(0, i) + "%" + Integer.toHexString(c) + path.substring(i + 1);
            }
        }
        return path;
    }

    @Test
    void aPathFoundDirectlyIsMatchedByNoOtherMapping() throws Exception {
        Set<RequestMappingInfo> all = mappings.getHandlerMethods().keySet();
        List<String> checked = new ArrayList<>();
        for (RequestMappingInfo info : all) {
            for (String pattern : info.getPatternValues()) {
                for (String path : DirectPathMappings.expanded(pattern)) {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        MockHttpServletRequest request = new MockHttpServletRequest(method.name(), path);
                        request.addHeader("Accept", "*/*");
                        info.getConsumesCondition().getConsumableMediaTypes().stream()
                                .findFirst()
                                .ifPresent(type -> request.setContentType(type.toString()));
                        ServletRequestPathUtils.parseAndCache(request);
                        // What the full search chooses: the best of every matching mapping, as Spring orders them.
                        RequestMappingInfo best = all.stream()
                                .map(other -> other.getMatchingCondition(request))
                                .filter(Objects::nonNull)
                                .min((a, b) -> a.compareTo(b, request))
                                .orElseThrow();
                        assertThat(best.getPatternValues())
                                .as("%s %s", method, path)
                                .anyMatch(p -> DirectPathMappings.expanded(p).contains(path) || p.equals(path));
                        HandlerExecutionChain chain = mappings.getHandler(request);
                        assertThat(chain).as("%s %s", method, path).isNotNull();
                        checked.add(method + " " + path);
                    }
                }
            }
        }
        // The record types' API paths and the console's record pages are among them.
        assertThat(checked).contains("GET /api/v1/deals", "GET /api/v1/notes/export", "GET /deals");
    }
}
