package io.custodia.directory;

import io.custodia.platform.WorkspacePrincipal;
import java.util.Optional;

/**
 * Bearer tokens that are not a person's: the access tokens of authorised apps, which the
 * integrations feature issues and checks. The API's bearer filter asks it for any token that is not
 * a sign-in token.
 */
public interface AppTokens {

    /** The app principal behind the token while its authorisation is live, or empty. */
    Optional<WorkspacePrincipal> authenticate(String token);
}
