#!/usr/bin/env node
// scha_resource_get: reads a resource property, state or status (spec §5.2).
// Options, output and exit status: src/main/scha-cli.cts and src/api/scha/README.md.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (start-up time); verbatimModuleSyntax spells its imports import x = require(). */
import cli = require('./scha-cli.cjs');

cli.main('scha_resource_get');
