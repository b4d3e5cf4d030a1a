package io.custodia.platform;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started the server where to open it, and what the features say to do next. */
@Component
class StartupBanner {
    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final boolean apiDocs;
    private final List<StartupNote> notes;

    StartupBanner(@Value("${custodia.api-docs:true}") boolean apiDocs, List<StartupNote> notes) {
        this.apiDocs = apiDocs;
        this.notes = notes;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
            int port = web.getWebServer().getPort();
            String management = web.getEnvironment().getProperty("local.management.port");
            log.info(
                    "Custodia is running: open http://localhost:{}/ (the console; the API at http://localhost:{}/api/v1{}{})",
                    port,
                    port,
                    apiDocs ? ", described at http://localhost:" + port + "/swagger-ui.html" : "",
                    management == null ? "" : "; health and metrics at http://localhost:" + management + "/actuator");
            for (StartupNote note : notes) {
                note.note("http://localhost:" + port).ifPresent(line -> log.info("{}", line));
            }
        }
    }
}
