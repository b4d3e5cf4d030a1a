/** The audit log: who changed what and when, append-only and hash-chained so tampering shows. */
package io.custodia.audit;
