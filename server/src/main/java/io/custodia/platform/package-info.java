/** What every feature stands on: the database, HTTP conventions (problems, idempotency, limits, request log). */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.custodia.platform;

import org.springframework.modulith.ApplicationModule;
