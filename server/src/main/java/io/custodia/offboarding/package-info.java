/**
 * Offboarding: a person's records, lists, conversations and shares handed to a successor in one
 * audited step, run as a job (docs/access-model.md, "Offboarding").
 */
package io.custodia.offboarding;
