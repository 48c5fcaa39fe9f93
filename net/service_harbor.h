// service_harbor: the C++ service that carries messages between nodes over one TCP connection per peer harbor.
#pragma once

#include "kernel/module.h"

// Launched by the harbor's slave as `harbor ID SLAVE` (cdummy for harbor 0,
// cslave otherwise). It takes:
//   PTYPE_SYSTEM   a message for another node (kernel/harbor.h's remote_message)
//   PTYPE_HARBOR   text from the slave: "S fd id" (we connected to harbor id,
//                  wait for its handshake byte), "A fd id" (it connected to us)
//   PTYPE_SOCKET   the peers' bytes, and their closing
// and tells the slave "D id" (PTYPE_TEXT) when a peer harbor goes away.
const skynet_module *service_harbor_module();
