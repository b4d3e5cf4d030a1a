/** Benchmarks: generated worlds, Custodia's engine against jCasbin and Cedar on the same grants. */
package io.custodia.bench;
