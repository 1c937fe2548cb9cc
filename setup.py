"""Build fastact: the Cython wrapper, the runtime layer, and the kernel object
compiled once per SIMD level.

Environment switches:
  FASTACT_REQUIRE_OPENMP=1   fail instead of building serial code when the
                             compiler has no OpenMP.
  FASTACT_SANITIZE=address,undefined
                             compile and link with those sanitizers
                             (debug builds; see tests/README).
"""
import os
import platform
import tempfile
import textwrap
import warnings

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
CSRC = os.path.join("csrc")

# Flags every C file gets.  Never -ffast-math/-Ofast/-ffinite-math-only: a
# library linked with them can turn on flush-to-zero for the whole process.
# -fno-trapping-math lets gcc if-convert the selects in exp-style loops (it
# vectorizes them only then); -ffp-contract=off: FMAs appear only where the
# source writes fa_fma_*, so vector body and scalar tail round alike.
COMMON_GCC = ["-std=c11", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"]

# One kernel object per level: (name, gcc flags, msvc flags).
X86_LEVELS = [
    ("baseline", [], []),
    ("avx2", ["-march=x86-64-v3", "-mtune=generic"], ["/arch:AVX2"]),
    ("avx512", ["-march=x86-64-v4", "-mtune=generic", "-mprefer-vector-width=512"],
     ["/arch:AVX512"]),
]


def is_x86_64():
    return platform.machine().lower() in ("x86_64", "amd64", "x64")


def levels():
    return X86_LEVELS if is_x86_64() else [("baseline", [], [])]


class BuildExt(build_ext):
    def _is_msvc(self):
        return self.compiler.compiler_type == "msvc"

    def _try_compile(self, code, flags):
        """Whether `code` compiles and links with `flags`."""
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "probe.c")
            with open(src, "w") as f:
                f.write(code)
            try:
                objs = self.compiler.compile([src], output_dir=tmp, extra_postargs=flags)
                self.compiler.link_executable(objs, os.path.join(tmp, "probe"),
                                              extra_postargs=flags)
            except Exception:
                return False
        return True

    def _openmp_flags(self):
        if self._is_msvc():
            return ["/openmp"], []
        code = textwrap.dedent("""\
            #include <omp.h>
            int main(void) {
                int n = 0;
            #pragma omp parallel reduction(+:n)
                n += 1;
                return n > 0 ? 0 : 1;
            }
            """)
        if self._try_compile(code, ["-fopenmp"]):
            return ["-fopenmp"], ["-fopenmp"]
        # Apple clang: OpenMP through the preprocessor and Homebrew's libomp
        # (include and library paths from CFLAGS/LDFLAGS, see pyproject's
        # cibuildwheel section)
        if self._try_compile(code, ["-Xpreprocessor", "-fopenmp", "-lomp"]):
            return ["-Xpreprocessor", "-fopenmp"], ["-lomp"]
        msg = ("fastact: the C compiler does not support OpenMP; building serial "
               "kernels (fastact.runtime_info()['openmp'] will be False)")
        if os.environ.get("FASTACT_REQUIRE_OPENMP", "") not in ("", "0"):
            raise RuntimeError(msg + " and FASTACT_REQUIRE_OPENMP is set")
        warnings.warn(msg, stacklevel=1)
        return [], []

    def build_extensions(self):
        msvc = self._is_msvc()
        omp_c, omp_l = self._openmp_flags()
        san = [s for s in os.environ.get("FASTACT_SANITIZE", "").split(",") if s]
        san_flags = ([f"-fsanitize={','.join(san)}", "-fno-omit-frame-pointer", "-g"]
                     if san and not msvc else [])
        common = ([] if msvc else COMMON_GCC) + san_flags
        opt = ["/O2"] if msvc else ["-O3"]
        for ext in self.extensions:
            if ext.name != "fastact._core":
                continue   # fastact.kernels: Cython wrappers only, no C of its own
            # The kernel sources compiled once per level, each as its own object
            # (fa_rows_axis_isa.c: the along-an-axis kernels, a separate
            # translation unit so they cannot change the elementwise ones' inlining).
            objects = []
            for name, gcc_flags, msvc_flags in levels():
                for base, tag in (("fa_kernels_isa.c", "kernels"), ("fa_rows_axis_isa.c", "rows")):
                    wrapper = os.path.join(self.build_temp, f"fa_{tag}_{name}.c")
                    os.makedirs(self.build_temp, exist_ok=True)
                    src = os.path.join(HERE, CSRC, base).replace("\\", "/")
                    content = f'#define FA_ISA {name}\n#include "{src}"\n'
                    if not os.path.exists(wrapper) or open(wrapper).read() != content:
                        with open(wrapper, "w") as f:
                            f.write(content)
                    objects += self.compiler.compile(
                        [wrapper], output_dir=self.build_temp,
                        include_dirs=[os.path.join(HERE, CSRC)],
                        extra_postargs=opt + common + (msvc_flags if msvc else gcc_flags),
                        depends=[os.path.join(CSRC, f) for f in os.listdir(CSRC)])
            ext.extra_objects = objects + list(ext.extra_objects or [])
            ext.extra_compile_args = opt + omp_c + san_flags + (
                [] if msvc else ["-fno-math-errno", "-fno-trapping-math"])
            ext.extra_link_args = omp_l + san_flags
            ext.depends = [os.path.join(CSRC, f) for f in os.listdir(CSRC)]
        super().build_extensions()


ext = Extension(
    "fastact._core",
    sources=["fastact/_core.pyx", "csrc/fa_runtime.c", "csrc/fa_capi.c"],
    include_dirs=[CSRC, "fastact/include", numpy.get_include()],
    define_macros=[("NPY_NO_DEPRECATED_API", "NPY_2_0_API_VERSION")],
)
# The Cython C API (from fastact.kernels cimport ...): each function one call
# through the table that fastact._core exports as the capsule fastact._C_API.
kernels_ext = Extension("fastact.kernels", sources=["fastact/kernels.pyx"],
                        include_dirs=["fastact/include"])

setup(
    ext_modules=cythonize([ext, kernels_ext], compiler_directives={"language_level": "3"}),
    cmdclass={"build_ext": BuildExt},
)
