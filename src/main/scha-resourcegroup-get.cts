#!/usr/bin/env node
// scha_resourcegroup_get: reads a resource group property or state (spec §5.3).
// Options, output and exit status: src/main/scha-cli.cts and src/api/scha/README.md.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (start-up time); verbatimModuleSyntax spells its imports import x = require(). */
import cli = require('./scha-cli.cjs');

cli.main('scha_resourcegroup_get');
