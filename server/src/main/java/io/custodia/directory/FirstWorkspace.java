package io.custodia.directory;

import io.custodia.platform.CustodiaProperties;
import io.custodia.platform.StartupNote;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A server with no workspace yet says, as it starts, how to make the first one: the console's
 * sign-up page while sign-up is open; otherwise the settings that open it or make a demo.
 */
@Component
class FirstWorkspace implements StartupNote {
    private final Workspaces workspaces;
    private final CustodiaProperties properties;

    FirstWorkspace(Workspaces workspaces, CustodiaProperties properties) {
        this.workspaces = workspaces;
        this.properties = properties;
    }

    @Override
    public Optional<String> note(String consoleUrl) {
        return advice(workspaces.anyExists(), properties.signup(), consoleUrl);
    }

    static Optional<String> advice(boolean anyWorkspace, CustodiaProperties.Signup signup, String consoleUrl) {
        if (anyWorkspace) {
            return Optional.empty();
        }
        if (signup == CustodiaProperties.Signup.OPEN) {
            return Optional.of("No workspace yet: open " + consoleUrl + "/signup to create the first one");
        }
        return Optional.of("No workspace yet, and sign-up is closed (CUSTODIA_SIGNUP=closed): start once with"
                + " CUSTODIA_SIGNUP=open and create it at " + consoleUrl + "/signup, or with CUSTODIA_DEMO=true for"
                + " the demo workspace");
    }
}
