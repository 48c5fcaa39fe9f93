// png_stats: fails unless a PNG exists and is not blank — enough distinct colours, no colour covering it all.
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_map>

int main(int argc, char **argv)
{
	if (argc != 3) {
		std::fprintf(stderr, "usage: png_stats FILE.png MIN_COLOURS\n");
		return 2;
	}
	int w = 0, h = 0, n = 0;
	unsigned char *pixels = stbi_load(argv[1], &w, &h, &n, 3);
	if (!pixels) {
		std::fprintf(stderr, "png_stats: %s: %s\n", argv[1], stbi_failure_reason());
		return 1;
	}
	std::unordered_map<unsigned, size_t> colours;
	for (int i = 0; i < w * h; i++) {
		unsigned char *p = pixels + 3 * i;
		colours[unsigned(p[0]) << 16 | unsigned(p[1]) << 8 | p[2]]++;
	}
	size_t most = 0;
	for (auto &[c, count] : colours)
		if (count > most)
			most = count;
	stbi_image_free(pixels);
	double share = double(most) / double(size_t(w) * size_t(h));
	std::printf("%s: %dx%d, %zu distinct colours, commonest covers %.1f%%\n", argv[1], w, h, colours.size(), share * 100);
	size_t min_colours = size_t(std::atoi(argv[2]));
	if (colours.size() < min_colours || share > 0.95) {
		std::fprintf(stderr, "png_stats: %s looks blank\n", argv[1]);
		return 1;
	}
	return 0;
}
