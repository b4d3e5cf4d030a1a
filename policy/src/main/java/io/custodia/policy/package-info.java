/** The access engine: pure functions that compile a user's roles and decide, scope and explain access. */
package io.custodia.policy;
