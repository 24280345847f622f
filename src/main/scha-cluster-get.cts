#!/usr/bin/env node
// scha_cluster_get: reads cluster information: nodes, groups, types, zone (spec §5.5).
// Options, output and exit status: src/main/scha-cli.cts and src/api/scha/README.md.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (start-up time); verbatimModuleSyntax spells its imports import x = require(). */
import cli = require('./scha-cli.cjs');

cli.main('scha_cluster_get');
