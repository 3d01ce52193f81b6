// @nestjs/throttler is CommonJS and require()s @nestjs/common and @nestjs/core, which are ES modules here. Under
// jest's VM modules, a require() that reaches them first, while the ESM graph that imports the package is still
// linking, fails as a require(esm) cycle (or, in other load orders, evaluates a second copy of Nest, whose DI then
// sees none of the app's providers). Importing them as ES modules before any test file makes that require() find
// the one evaluated instance.
import '@nestjs/common';
import '@nestjs/core';
