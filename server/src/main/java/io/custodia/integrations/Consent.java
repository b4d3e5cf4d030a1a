package io.custodia.integrations;

import java.util.List;

/** What the consent page shows: the app, the scopes it asks for, and whether this person may consent. */
public record Consent(String appName, String clientId, String state, List<String> scopes, boolean mayConsent) {}
