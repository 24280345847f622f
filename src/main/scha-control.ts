#!/usr/bin/env node
// scha_control: asks the RGM to restart or move a resource or group, synchronously (spec §5.6).
// Options, output and exit status: src/main/scha-command.ts and src/api/scha/README.md.
import { main } from './scha-command.js';

main('scha_control');
