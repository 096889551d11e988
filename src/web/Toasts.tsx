import "@mantine/core/styles/Notification.layer.css";
import "@mantine/notifications/styles.layer.css";
import { Notifications } from "@mantine/notifications";

/** Where messages pop up. Loaded after the first screen: nothing is shown in its first second that needs it. */
export default function Toasts() {
  return <Notifications position="top-center" limit={3} zIndex={1000} />;
}
