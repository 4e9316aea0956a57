from paintrack.cli import main

main()
