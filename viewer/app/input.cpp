// input: a key pressed and released within one frame still looks pressed to ImGui for that frame.
// ImGui 1.86 samples io.KeysDown once per frame, and GLFW's callbacks set it
// as events arrive: a key pressed and released in the same 16 ms (a quick
// tap, or xdotool) was never seen down, so n, space or Enter did nothing.
// A tap is now held down for one frame and let go at the next.
#include "viewer/app/input.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstddef>
#include <vector>

static GLFWwindow *window_ = nullptr;
static std::vector<int> arriving, taps, held;
static bool any_input = false;

static void on_key(GLFWwindow *, int key, int, int action, int)
{
	if (action == GLFW_PRESS)
		arriving.push_back(key);
	any_input = true;
}

static void on_move(GLFWwindow *, double, double)
{
	any_input = true;
}

static void on_button(GLFWwindow *, int, int, int)
{
	any_input = true;
}

void input_install(GLFWwindow *window)
{
	window_ = window;
	glfwSetKeyCallback(window, on_key);
	glfwSetCursorPosCallback(window, on_move);
	glfwSetScrollCallback(window, on_move);
	glfwSetMouseButtonCallback(window, on_button);
}

void input_new_frame()
{
	ImGuiIO &io = ImGui::GetIO();
	// Up for a frame even if GLFW already has the next press of it: that
	// press is queued in `arriving` and comes down again as its own tap.
	for (int k : held)
		io.KeysDown[k] = false;
	held.clear();
	// One press of a key per frame, in the order typed: "n n n F12" typed
	// faster than frames are drawn is three steps over three frames, and the
	// screenshot after them. A key ImGui saw down last frame must be seen up
	// for a frame before it can be seen pressed again: it waits.
	taps.clear();
	size_t i = 0;
	for (; i < arriving.size(); i++) {
		int k = arriving[i];
		bool again = false;
		for (int t : taps)
			again |= t == k;
		bool known = k >= 0 && k < int(IM_ARRAYSIZE(io.KeysDown));
		if (again || (known && io.KeysDownDuration[k] >= 0)) {
			if (known && !again)
				io.KeysDown[k] = false;
			break;
		}
		taps.push_back(k);
		if (known && !io.KeysDown[k]) {
			io.KeysDown[k] = true;   // released already: down for this one frame
			held.push_back(k);
		}
	}
	arriving.erase(arriving.begin() + 0, arriving.begin() + std::ptrdiff_t(i));
}

bool key_tapped(int key)
{
	for (int k : taps)
		if (k == key)
			return true;
	return false;
}

bool key_hit(int key)
{
	return !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(key, true);
}

bool input_arrived()
{
	bool any = any_input || !arriving.empty();
	any_input = false;
	return any;
}

bool input_pending()
{
	return !arriving.empty();
}
