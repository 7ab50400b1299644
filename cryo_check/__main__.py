"""``python -m cryo_check`` runs the command-line program."""

from cryo_check.cli import main

if __name__ == "__main__":
    main()
