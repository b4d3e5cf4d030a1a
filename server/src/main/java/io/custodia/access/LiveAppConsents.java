package io.custodia.access;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who authorised an app that still acts (the integrations feature answers): the access review
 * flags them, and flags a deactivated one louder, since the app's access outlives its author.
 */
public interface LiveAppConsents {

    /** The users who consented to a live authorisation of an app that is not deleted. */
    Set<UUID> authorisersOfLiveApps(UUID workspaceId);

    /** An app, as a preview names it. */
    record AuthorisedApp(UUID id, String name) {}

    /** The apps (not deleted) this user consented to a live authorisation of, by name. */
    List<AuthorisedApp> liveAppsAuthorisedBy(UUID workspaceId, UUID userId);
}
