// screenshot: the current OpenGL framebuffer as a PNG, for tests under Xvfb.
#pragma once
#include <string>

// Reads the back buffer (call it after rendering and before the swap), flips
// it (OpenGL's rows start at the bottom) and writes `path`. False on failure.
bool screenshot_write(const std::string &path, int width, int height, std::string &error);
