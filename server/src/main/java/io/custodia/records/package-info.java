/** CRM records and their configuration: pipelines with ordered stages. */
package io.custodia.records;
