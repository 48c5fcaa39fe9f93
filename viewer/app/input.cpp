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
	for (int k : held)
		io.KeysDown[k] = glfwGetKey(window_, k) == GLFW_PRESS;
	std::vector<int> let_go;
	let_go.swap(held);
	// One press of a key per frame, in the order typed: "n n n F12" typed
	// faster than frames are drawn is three steps over three frames, and the
	// screenshot after them. A key let go this frame waits for the next:
	// ImGui must see it up for a frame to see it pressed again.
	taps.clear();
	size_t i = 0;
	for (; i < arriving.size(); i++) {
		bool again = false;
		for (int t : taps)
			again |= t == arriving[i];
		for (int t : let_go)
			again |= t == arriving[i];
		if (again)
			break;
		taps.push_back(arriving[i]);
	}
	arriving.erase(arriving.begin(), arriving.begin() + std::ptrdiff_t(i));
	for (int k : taps)
		if (k >= 0 && k < int(IM_ARRAYSIZE(io.KeysDown)) && !io.KeysDown[k]) {
			io.KeysDown[k] = true;   // released already: down for this one frame
			held.push_back(k);
		}
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
