// The public cmark-gfm API and the registration of its core extensions.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
