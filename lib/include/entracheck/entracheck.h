// The whole public API of entracheck.
#ifndef ENTRACHECK_ENTRACHECK_H_
#define ENTRACHECK_ENTRACHECK_H_

#include "entracheck/checker.h"
#include "entracheck/error_code.h"
#include "entracheck/event.h"
#include "entracheck/format.h"
#include "entracheck/http_response.h"
#include "entracheck/limits.h"
#include "entracheck/media_type.h"
#include "entracheck/rule.h"

#endif  // ENTRACHECK_ENTRACHECK_H_
