"""The commands: the CLI's options, prompts, batch runs, answer files and rule tooling,
thin layers over the library."""
