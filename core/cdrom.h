#pragma once
// The CD-ROM drive lives in core/cdrom/ (controller, commands, sector reader, XA-ADPCM).
#include "core/cdrom/controller.h"
