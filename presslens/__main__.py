"""``python -m presslens`` runs the CLI."""

from presslens.cli import main

raise SystemExit(main())
