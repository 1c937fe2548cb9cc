"""fastact's controller for threadpoolctl.

threadpoolctl's ``threadpool_limits(n, user_api="openmp")`` calls
``omp_set_num_threads`` in the calling thread only (libgomp keeps that value
per thread), so kernels called from other Python threads would not see it.
With this controller registered, threadpoolctl also sets fastact's own
process-wide limit, and ``threadpool_info()`` / ``python -m threadpoolctl -i
fastact`` list fastact (internal_api "fastact", user_api "openmp").

Registered at import when threadpoolctl is installed (a no-op otherwise).
"""


def register():
    try:
        import threadpoolctl
        from threadpoolctl import LibController
    except ImportError:
        return False
    if not hasattr(threadpoolctl, "register"):        # threadpoolctl < 3.5
        return False

    from . import __version__

    class FastactController(LibController):
        user_api = "openmp"
        internal_api = "fastact"
        # the extension module's file: _core.cpython-<tag>.so; the symbol
        # check keeps other packages' "_core" modules out
        filename_prefixes = ("_core",)
        check_symbols = ("fa_tp_set_limit",)

        def get_num_threads(self):
            return self.dynlib.fa_resolve_threads()

        def set_num_threads(self, num_threads):
            self.dynlib.fa_tp_set_limit(int(num_threads))

        def get_version(self):
            return __version__

        def set_additional_attributes(self):
            pass

    threadpoolctl.register(FastactController)
    # `python -m threadpoolctl -i fastact` runs threadpoolctl as __main__, a
    # second copy of the module with its own controller list
    import sys
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == "threadpoolctl" and hasattr(main, "register"):
        main.register(type("FastactController", (FastactController, main.LibController), {}))
    return True
