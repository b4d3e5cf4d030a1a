/** The reliability suite of docs/reliability.md: nothing leaks, nothing is lost. */
package io.custodia.reliability;
