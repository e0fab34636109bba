from mixscope.cli import main

raise SystemExit(main())
