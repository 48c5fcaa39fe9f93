// screenshot: glReadPixels before the swap, flipped, written with stb_image_write (from Debian's libstb).
#include "viewer/app/screenshot.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <stb_image_write.h>

#include <cstring>
#include <vector>

bool screenshot_write(const std::string &path, int width, int height, std::string &error)
{
	std::vector<unsigned char> pixels(size_t(width) * size_t(height) * 3);
	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glReadBuffer(GL_BACK);
	glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
	size_t row = size_t(width) * 3;
	std::vector<unsigned char> tmp(row);
	for (int y = 0; y < height / 2; y++) {
		unsigned char *a = pixels.data() + size_t(y) * row;
		unsigned char *b = pixels.data() + size_t(height - 1 - y) * row;
		std::memcpy(tmp.data(), a, row);
		std::memcpy(a, b, row);
		std::memcpy(b, tmp.data(), row);
	}
	if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), int(row))) {
		error = path + ": could not write the PNG";
		return false;
	}
	return true;
}
