-- One database per service (docs/contracts.md). Flyway builds each schema when its service starts.
CREATE DATABASE poco_account;
CREATE DATABASE poco_loyalty;
CREATE DATABASE poco_coupon;
CREATE DATABASE poco_catalog;
