package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.etag.ETag;
import io.custodia.platform.WorkspaceSecrets;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A resource's version (its ETag) from what it holds, so that the version a read answers and the
 * one an {@code If-Match} is compared with are one computation of the same values.
 */
final class ScimVersions {
    private ScimVersions() {}

    static ETag of(Object... values) {
        String joined = Stream.of(values).map(v -> Objects.toString(v, "")).collect(Collectors.joining("\u0000"));
        return ETag.builder().weak(true).tag(WorkspaceSecrets.sha256(joined)).build();
    }
}
