//! GNU make's built-in variables (`make -p -f /dev/null`, origin "default"),
//! so that makefiles which name targets or include paths with `$(CC)`,
//! `$(RM)` or `$(AR)` resolve as they do under make. Values are those of
//! GNU make 4.3 on Linux, except `MAKE_VERSION` and `.FEATURES`, which
//! report a 4.4-era make so that version checks take their modern branch.

/// `NAME = value` (recursive) or `NAME := value` (simple), one per line.
pub(crate) const DEFAULT_VARIABLES: &str = "\
.LIBPATTERNS = lib%.so lib%.a\n\
AR = ar\n\
ARFLAGS = rv\n\
AS = as\n\
CC = cc\n\
CHECKOUT,v = +$(if $(wildcard $@),,$(CO) $(COFLAGS) $< $@)\n\
CO = co\n\
COFLAGS = \n\
COMPILE.C = $(COMPILE.cc)\n\
COMPILE.F = $(FC) $(FFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c\n\
COMPILE.S = $(CC) $(ASFLAGS) $(CPPFLAGS) $(TARGET_MACH) -c\n\
COMPILE.c = $(CC) $(CFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c\n\
COMPILE.cc = $(CXX) $(CXXFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c\n\
COMPILE.cpp = $(COMPILE.cc)\n\
COMPILE.def = $(M2C) $(M2FLAGS) $(DEFFLAGS) $(TARGET_ARCH)\n\
COMPILE.f = $(FC) $(FFLAGS) $(TARGET_ARCH) -c\n\
COMPILE.m = $(OBJC) $(OBJCFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c\n\
COMPILE.mod = $(M2C) $(M2FLAGS) $(MODFLAGS) $(TARGET_ARCH)\n\
COMPILE.p = $(PC) $(PFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c\n\
COMPILE.r = $(FC) $(FFLAGS) $(RFLAGS) $(TARGET_ARCH) -c\n\
COMPILE.s = $(AS) $(ASFLAGS) $(TARGET_MACH)\n\
CPP = $(CC) -E\n\
CTANGLE = ctangle\n\
CWEAVE = cweave\n\
CXX = g++\n\
F77 = $(FC)\n\
F77FLAGS = $(FFLAGS)\n\
FC = f77\n\
GET = get\n\
LD = ld\n\
LEX = lex\n\
LEX.l = $(LEX) $(LFLAGS) -t\n\
LEX.m = $(LEX) $(LFLAGS) -t\n\
LINK.C = $(LINK.cc)\n\
LINK.F = $(FC) $(FFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.S = $(CC) $(ASFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_MACH)\n\
LINK.c = $(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.cc = $(CXX) $(CXXFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.cpp = $(LINK.cc)\n\
LINK.f = $(FC) $(FFLAGS) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.m = $(OBJC) $(OBJCFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.o = $(CC) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.p = $(PC) $(PFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.r = $(FC) $(FFLAGS) $(RFLAGS) $(LDFLAGS) $(TARGET_ARCH)\n\
LINK.s = $(CC) $(ASFLAGS) $(LDFLAGS) $(TARGET_MACH)\n\
LINT = lint\n\
LINT.c = $(LINT) $(LINTFLAGS) $(CPPFLAGS) $(TARGET_ARCH)\n\
M2C = m2c\n\
MAKE = $(MAKE_COMMAND)\n\
MAKEINFO = makeinfo\n\
MAKE_COMMAND := make\n\
OBJC = cc\n\
OUTPUT_OPTION = -o $@\n\
PC = pc\n\
PREPROCESS.F = $(FC) $(FFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -F\n\
PREPROCESS.S = $(CC) -E $(CPPFLAGS)\n\
PREPROCESS.r = $(FC) $(FFLAGS) $(RFLAGS) $(TARGET_ARCH) -F\n\
RM = rm -f\n\
TANGLE = tangle\n\
TEX = tex\n\
TEXI2DVI = texi2dvi\n\
WEAVE = weave\n\
YACC = yacc\n\
YACC.m = $(YACC) $(YFLAGS)\n\
YACC.y = $(YACC) $(YFLAGS)\n\
MAKE_VERSION := 4.4.1\n\
.FEATURES := target-specific order-only second-expansion else-if shortest-stem undefine oneshell nocomment grouped-target extra-prereqs notintermediate shell-export archives jobserver output-sync check-symlink load\n\
.SHELLFLAGS := -c\n\
SHELL := /bin/sh\n\
";
