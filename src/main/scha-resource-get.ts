#!/usr/bin/env node
// scha_resource_get: reads a resource property, state or status (spec §5.2).
// Options, output and exit status: src/main/scha-command.ts and src/api/scha/README.md.
import { main } from './scha-command.js';

main('scha_resource_get');
