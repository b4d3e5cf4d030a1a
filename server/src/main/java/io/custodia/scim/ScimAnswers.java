package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.constants.HttpHeader;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes SCIM answers, errors included, straight to the servlet response. */
final class ScimAnswers {
    private ScimAnswers() {}

    static void write(HttpServletResponse response, ScimResponse answer) throws IOException {
        response.setStatus(answer.getHttpStatus());
        answer.getHttpHeaders().forEach(response::setHeader);
        response.setContentType(HttpHeader.SCIM_CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        // 204 and 304 carry no body.
        if (answer.getHttpStatus() != 204 && answer.getHttpStatus() != 304) {
            response.getOutputStream().write(answer.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    static void refuse(HttpServletResponse response, ScimRefusal refusal) throws IOException {
        write(response, new ErrorResponse(refusal));
    }
}
