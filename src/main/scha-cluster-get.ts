#!/usr/bin/env node
// scha_cluster_get: reads cluster information: nodes, groups, types, zone (spec §5.5).
// Options, output and exit status: src/main/scha-command.ts and src/api/scha/README.md.
import { main } from './scha-command.js';

main('scha_cluster_get');
