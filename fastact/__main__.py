"""Command line: ``python -m fastact <command> [options]``.

COMMANDS maps each command to (module, one-line help).  A command module
provides ``add_arguments(parser)`` and ``run(args) -> exit status``; it is
imported only when its command runs, so ``python -m fastact --help`` stays fast.
To add a command, add one line to COMMANDS.
"""

import argparse
import importlib
import sys

COMMANDS = {
    "bench": ("fastact._bench", "time fastact against NumPy, SciPy, numexpr and PyTorch"),
    "accuracy": ("fastact._accuracy", "ULP errors of every float32 kernel at every SIMD level"),
    "demo": ("fastact._demo", "train small MLPs in NumPy with fastact's activations"),
}


def _top_parser(prog):
    p = argparse.ArgumentParser(
        prog=prog, description="fastact: compiled activation functions for NumPy.",
        epilog=f"'{prog} <command> --help' lists a command's options.")
    sub = p.add_subparsers(dest="command", metavar="<command>")
    for name, (_, help_) in COMMANDS.items():
        sub.add_parser(name, help=help_, add_help=False)
    return p


def run_command(name, argv, prog):
    """Parse argv with command `name`'s options and run it."""
    module_name, help_ = COMMANDS[name]
    module = importlib.import_module(module_name)
    p = argparse.ArgumentParser(prog=prog, description=help_,
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=(module.__doc__ or "").strip())
    module.add_arguments(p)
    return module.run(p.parse_args(argv))


def main(argv=None, prog="python -m fastact"):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in COMMANDS:
        return run_command(argv[0], argv[1:], f"{prog} {argv[0]}")
    top = _top_parser(prog)
    if argv and not argv[0].startswith("-"):
        top.error(f"unknown command {argv[0]!r} (choose from {', '.join(COMMANDS)})")
    top.parse_args(argv)          # exits on --help / bad options
    top.print_help()
    return 2


def bench_main(argv=None):
    """Console script ``fastact-bench``: the same as ``python -m fastact bench``."""
    return run_command("bench", sys.argv[1:] if argv is None else list(argv), "fastact-bench")


if __name__ == "__main__":
    sys.exit(main())
