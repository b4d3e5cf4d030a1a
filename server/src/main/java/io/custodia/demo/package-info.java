/** A demo workspace with people of every template and about 10,000 records, for a first look. */
package io.custodia.demo;
