#!/usr/bin/env node
// scha_resource_setstatus: sets the Status and Status_msg of a resource (spec §5.7).
// Options, output and exit status: src/main/scha-command.ts and src/api/scha/README.md.
import { main } from './scha-command.js';

main('scha_resource_setstatus');
