#!/usr/bin/env node
// scha_resourcetype_get: reads a resource type property (spec §5.4).
// Options, output and exit status: src/main/scha-command.ts and src/api/scha/README.md.
import { main } from './scha-command.js';

main('scha_resourcetype_get');
