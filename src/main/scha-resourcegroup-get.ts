#!/usr/bin/env node
// scha_resourcegroup_get: reads a resource group property or state (spec §5.3).
// Options, output and exit status: src/main/scha-command.ts and src/api/scha/README.md.
import { main } from './scha-command.js';

main('scha_resourcegroup_get');
