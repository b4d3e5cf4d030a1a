package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.ScimException;
import io.custodia.platform.ApiProblem;
import java.util.stream.Collectors;

/** A SCIM error answer: the status, the RFC 7644 {@code scimType} where one fits, and the detail. */
final class ScimRefusal extends ScimException {

    ScimRefusal(int status, String scimType, String detail) {
        super(detail, null, status, scimType);
    }

    static ScimRefusal invalidValue(String detail) {
        return new ScimRefusal(400, ScimType.RFC7644.INVALID_VALUE, detail);
    }

    static ScimRefusal notFound(String what) {
        return new ScimRefusal(404, null, what + " does not exist");
    }

    /**
     * The same refusal the API would answer, as SCIM says it: a field that breaks a rule (422 in the
     * API) is SCIM's 400 {@code invalidValue}; 403, 404 and 409 stay what they are.
     */
    static ScimRefusal of(ApiProblem problem) {
        String detail = problem.errors().isEmpty()
                ? problem.detail()
                : problem.errors().stream()
                        .map(e -> e.field() + ": " + e.message())
                        .collect(Collectors.joining("; "));
        int status = problem.status().value();
        if (status == 422 || status == 400) {
            return invalidValue(detail);
        }
        return new ScimRefusal(status, null, detail);
    }
}
